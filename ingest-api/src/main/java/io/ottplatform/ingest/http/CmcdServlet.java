package io.ottplatform.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.ingest.auth.TokenRejection;
import io.ottplatform.ingest.cmcd.CmcdEventMapper;
import io.ottplatform.ingest.cmcd.CmcdRejection;
import io.ottplatform.ingest.cmcd.CmcdReportReader;
import io.ottplatform.ingest.cmcd.CmcdResponse;
import io.ottplatform.ingest.core.ClientText;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.core.IngestRefusal;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.core.ValidEvent;
import io.ottplatform.ingest.kafka.KafkaUnavailable;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/cmcd}: CMCD v2 (CTA-5004-B) event-mode reports from unmodified players, posted as
 * {@code application/cmcd} (one RFC 8941 dictionary per line; a browser preflights it) or sent as one
 * {@code ?CMCD=} report with GET or POST. A player cannot add headers to its event target, so the playback
 * token rides in the target URL ({@code ?token=}); it is verified exactly as on {@code /v1/events}. Each report
 * becomes one player event (see {@link CmcdEventMapper}) and goes the JSON path's way: enriched, produced to
 * Kafka, answered after the acknowledgement.
 */
public final class CmcdServlet extends HttpServlet {

  /** Where the servlet is mapped. */
  public static final String PATH = "/v1/cmcd";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METHODS = "GET, POST, OPTIONS";

  private final transient CmcdReportReader reader;
  private final transient CmcdEventMapper mapper;
  private final transient IngestGate gate;
  private final transient IngestMetrics metrics;
  private final transient Clock clock;

  public CmcdServlet(CmcdReportReader reader, CmcdEventMapper mapper, IngestGate gate, IngestMetrics metrics,
                     Clock clock) {
    this.reader = reader;
    this.mapper = mapper;
    this.gate = gate;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    String method = request.getMethod();
    if ("GET".equals(method) || "POST".equals(method) || "OPTIONS".equals(method)) {
      IngestGate.answerFailures(request, response, () -> super.service(request, response));
      return;
    }
    IngestGate.methodNotAllowed(response, method, PATH, METHODS, "POST application/cmcd reports or GET/POST ?CMCD=");
  }

  @Override
  protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
    gate.options(request, response, METHODS);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    receive(request, response, false);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // a POST of ?CMCD= may still say a Content-Type for its empty body
    boolean empty = "0".equals(request.getHeader("Content-Length"));
    receive(request, response, IngestGate.contentType(request) != null && !empty);
  }

  private void receive(HttpServletRequest request, HttpServletResponse response, boolean hasBody) throws IOException {
    Instant now = clock.instant();
    int reports = 0;
    try {
      RequestEnricher.Client client = gate.admit(request, response);
      Map<String, String> query = query(request.getQueryString());
      String cmcdQuery = query.get("CMCD");
      CmcdReportReader.Reports batch;
      if (hasBody) {
        if (cmcdQuery != null) {
          throw new IngestRefusal(400, "reports_in_body_and_query",
              "send CMCD reports in the body or in ?CMCD=, not both");
        }
        batch = reader.readBody(IngestGate.contentType(request), request.getHeader("Content-Encoding"),
            request.getHeader("Content-Length"), request.getInputStream());
      } else if (cmcdQuery != null) {
        batch = reader.readQuery(cmcdQuery);
      } else {
        throw new IngestRefusal(400, "no_reports", "no CMCD reports: POST them as application/cmcd (one "
            + "dictionary per line) or send one as ?CMCD=");
      }
      reports = batch.count();
      PlaybackTokenClaims token = gate.authorize(token(request.getHeader("Authorization"), query.get("token")),
          claims -> checkSession(batch, claims));
      CmcdEventMapper.Player player = player(query);
      List<CmcdRejection> rejected = new ArrayList<>(batch.rejected());
      List<ValidEvent> valid = new ArrayList<>(batch.lines().size());
      Set<Long> sequences = new HashSet<>();
      for (CmcdReportReader.Line line : batch.lines()) {
        try {
          ValidEvent e = mapper.map(line.report(), token.sessionId(), player, now);
          if (!sequences.add(e.sequence())) {
            rejected.add(new CmcdRejection(line.number(), "sn", "sn " + e.sequence() + " appears twice in this batch"));
            continue;
          }
          valid.add(e);
        } catch (CmcdEventMapper.Bad bad) {
          rejected.add(new CmcdRejection(line.number(), bad.key(), "line " + line.number() + ": " + bad.getMessage()));
        }
      }
      rejected.sort(Comparator.comparingInt(CmcdRejection::line));
      for (CmcdRejection r : rejected) {
        metrics.eventRejected(r.key().isEmpty() ? "cmcd_malformed" : "cmcd_" + r.key());
      }
      if (valid.isEmpty()) {
        metrics.requestRejected("all_events_invalid", 0);
        IngestGate.write(response, 400, JSON.writeValueAsBytes(new CmcdResponse(0, rejected)));
        return;
      }
      int accepted = valid.size();
      gate.publish(request, now, client, token, valid, () -> JSON.writeValueAsBytes(new CmcdResponse(accepted, rejected)));
    } catch (IngestRefusal r) {
      gate.refuse(request, response, r, reports);
    } catch (TokenRejection t) {
      gate.refuse(request, response, t, reports);
    } catch (KafkaUnavailable k) {
      gate.refuse(request, response, k, reports);
    }
  }

  /** A report's {@code sid} is the player's session id: it must be the one the token was granted for. */
  private static void checkSession(CmcdReportReader.Reports batch, PlaybackTokenClaims token) throws TokenRejection {
    for (CmcdReportReader.Line line : batch.lines()) {
      String sid = CmcdEventMapper.sessionId(line.report());
      if (sid != null && !token.sessionId().equals(sid)) {
        throw new TokenRejection(TokenRejection.Reason.OTHER_SESSION, "line " + line.number() + " has sid \"" + sid
            + "\" but the playback token is for session " + token.sessionId()
            + "; set the player's CMCD session id to the playback grant's session id");
      }
    }
  }

  private static String token(String authorization, String fromQuery) throws TokenRejection {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    if (fromQuery == null || fromQuery.isBlank()) {
      throw new TokenRejection(TokenRejection.Reason.MISSING, "no playback token: add ?token=<the playback grant's "
          + "token> to the CMCD event target URL (or send 'Authorization: Bearer <token>')");
    }
    return fromQuery;
  }

  private static CmcdEventMapper.Player player(Map<String, String> query) throws IngestRefusal {
    String name = query.getOrDefault("player", "cmcd");
    String version = query.get("player_version");
    if (name.isBlank() || name.length() > 64) {
      throw new IngestRefusal(400, "bad_player", "?player= must be 1 to 64 characters: " + name);
    }
    if (version != null && (version.isBlank() || version.length() > 64)) {
      throw new IngestRefusal(400, "bad_player", "?player_version= must be 1 to 64 characters: " + version);
    }
    for (String[] param : new String[][] {{"?player=", name}, {"?player_version=", version}}) {
      String problem = param[1] == null ? null : ClientText.problem(param[0], param[1]);
      if (problem != null) {
        throw new IngestRefusal(400, "bad_player", problem);
      }
    }
    return new CmcdEventMapper.Player(name, version);
  }

  /** The query's parameters, URL-decoded; a repeated name keeps its first value. */
  static Map<String, String> query(String queryString) throws IngestRefusal {
    Map<String, String> params = new HashMap<>();
    if (queryString == null || queryString.isEmpty()) {
      return params;
    }
    for (String pair : queryString.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.putIfAbsent(name, value);
      } catch (IllegalArgumentException e) {
        throw new IngestRefusal(400, "bad_query", "the query is not URL-encoded: " + pair + " (" + e.getMessage() + ")");
      }
    }
    return params;
  }
}
