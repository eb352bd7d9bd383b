package io.ottplatform.recommender;

import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.runs.MlTables;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import io.ottplatform.recommender.serving.PromotionGate;
import io.ottplatform.recommender.serving.RankedRow;
import io.ottplatform.recommender.serving.ServingExport;
import io.ottplatform.recommender.serving.ServingModel;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * {@code promote} (gated) and {@code export} (ungated: first load, rollback) of a train run to the
 * serving database.
 */
public final class Promotion {

  /** The algorithm of a popularity-only version: no per-profile lists, every profile gets its country's popular titles. */
  public static final String POPULARITY = "popularity";

  /**
   * The gate said no; the CLI exits 3 with the reason. {@code fallback} is the switch to popularity made on
   * purpose when nothing served beats popularity either, else null (serving unchanged).
   */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ServingExport.Switch fallback;

    Refused(String reason, ServingExport.Switch fallback) {
      super(reason);
      this.fallback = fallback;
    }

    public ServingExport.Switch fallback() {
      return fallback;
    }
  }

  private final ModelRuns runs;
  private final ServingExport serving;
  private final RecommenderConfig config;

  public Promotion(ModelRuns runs, ServingExport serving, RecommenderConfig config) {
    this.runs = runs;
    this.serving = serving;
    this.config = config;
  }

  /**
   * Exports the run only if the gate says so ({@link PromotionGate}: beats popularity on test, then the
   * control model by the margin); else throws {@link Refused} with the reason and serving unchanged —
   * except when the candidate does not beat popularity and nothing served is personalised (nothing served,
   * or a popularity version): then serving falls back to this run's popularity on purpose.
   */
  public ServingExport.Switch promote(String runId) {
    RunRecord run = promotable(runId);
    PromotionGate gate = new PromotionGate(config.metric(), config.minLift(), config.relativeLift());
    Optional<ServingModel> current = serving.current(ServingExport.CONTROL);
    PromotionGate.Decision decision = gate.decide(new PromotionGate.Candidate(run.runId(), run.metrics(),
        run.baselineMetrics()), current);
    if (decision.promote()) {
      System.out.println("run " + runId + " " + decision.reason());
      return export(run, false);
    }
    String refusal = "run " + runId + " " + decision.reason();
    if (decision.verdict() == PromotionGate.Verdict.BELOW_POPULARITY && config.arm().equals(ServingExport.CONTROL)
        && run.baselineMetrics().containsKey(config.metric())) {
      boolean personalised = current.isPresent() && !POPULARITY.equals(serving.algorithm(current.get().modelVersion()));
      if (!personalised) {
        ServingExport.Switch fallback = export(run, true);
        throw new Refused(refusal + "\nno model beats popularity here: serving falls back to popularity per country "
            + "on purpose (model version " + fallback.modelVersion() + ", algorithm popularity: every profile gets "
            + "the popular titles of its country, then of all countries)", fallback);
      }
      throw new Refused(refusal + "\nserving keeps " + current.get().modelVersion() + "; to serve popularity on purpose "
          + "instead: ./ott recommender export --run-id " + runId + " --popularity true", null);
    }
    throw new Refused(refusal + "\nserving unchanged" + current.map(c -> " (" + c.modelVersion() + ")").orElse(""), null);
  }

  /** Exports and switches without the gate: the run's model, or with {@code popularity} its popularity-only version. */
  public ServingExport.Switch export(String runId, boolean popularity) {
    return export(promotable(runId), popularity);
  }

  private ServingExport.Switch export(RunRecord run, boolean popularity) {
    if (popularity) {
      String version = run.runId() + "-" + POPULARITY;
      ServingModel model = new ServingModel(version, run.runId(), config.metric(),
          run.baselineMetrics().getOrDefault(config.metric(), 0.0));
      ServingExport.ModelRows rows = new ServingExport.ModelRows(Collections.emptyIterator(),
          ranked(runs.outputRows(MlTables.SIMILAR_TITLES, run.runId())),
          ranked(runs.outputRows(MlTables.POPULAR_TITLES, run.runId())));
      return serving.export(model, POPULARITY, Map.of("from_run", run.runId()), rows, config.arm(), config.percent());
    }
    ServingModel model = new ServingModel(run.runId(), run.runId(), config.metric(), run.metric(config.metric()));
    ServingExport.ModelRows rows = new ServingExport.ModelRows(
        ranked(runs.outputRows(MlTables.RECOMMENDATIONS, run.runId())),
        ranked(runs.outputRows(MlTables.SIMILAR_TITLES, run.runId())),
        ranked(runs.outputRows(MlTables.POPULAR_TITLES, run.runId())));
    return serving.export(model, run.algorithm(), run.params(), rows, config.arm(), config.percent());
  }

  private RunRecord promotable(String runId) {
    RunRecord run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException(
        "no run " + runId + " in ml.model_runs (./ott recommender runs lists them)"));
    if (!run.outputsWritten()) {
      throw new IllegalArgumentException("run " + runId + " is a " + run.command() + " run without outputs: only "
          + "train runs can be promoted (./ott recommender train with its parameters: " + run.params() + ")");
    }
    return run;
  }

  private static Iterator<RankedRow> ranked(Iterator<Row> rows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public RankedRow next() {
        Row r = rows.next();
        return new RankedRow(r.getString(0), r.getInt(1), r.getString(2), r.getFloat(3));
      }
    };
  }
}
