package io.ottplatform.recommender;

import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.runs.MlTables;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import io.ottplatform.recommender.serving.PromotionGate;
import io.ottplatform.recommender.serving.RankedRow;
import io.ottplatform.recommender.serving.ServingExport;
import io.ottplatform.recommender.serving.ServingModel;
import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * {@code promote} (gated) and {@code export} (ungated: first load, rollback) of a train run to the
 * serving database.
 */
public final class Promotion {

  /** The gate said no; the CLI exits non-zero with the reason. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
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

  /** Exports the run only if it beats the control model by the configured margin; else throws {@link Refused}. */
  public ServingExport.Switch promote(String runId) {
    RunRecord run = promotable(runId);
    PromotionGate gate = new PromotionGate(config.metric(), config.minLift(), config.relativeLift());
    PromotionGate.Decision decision = gate.decide(run.metric(config.metric()), serving.current(ServingExport.CONTROL));
    if (!decision.promote()) {
      throw new Refused("run " + runId + " " + decision.reason());
    }
    System.out.println(decision.reason());
    return export(run);
  }

  /** Exports and switches without the gate. */
  public ServingExport.Switch export(String runId) {
    return export(promotable(runId));
  }

  private ServingExport.Switch export(RunRecord run) {
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
