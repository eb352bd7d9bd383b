package io.ottplatform.serving.dashboard.lake;

import io.ottplatform.serving.dashboard.DayRange;
import io.ottplatform.serving.dashboard.QoeGrouping;
import io.ottplatform.serving.dashboard.api.DropoffAnswer;
import io.ottplatform.serving.dashboard.api.EngagementAnswer;
import io.ottplatform.serving.dashboard.api.LakeQoeAnswer;
import java.util.List;

/** The dashboard's reports from the lake's daily tables: daily QoE, title engagement, a title's drop-off curve. */
public interface LakeReports {

  /** {@code by} null: one row per day with everything. {@code titleId} null: every title. */
  LakeQoeAnswer qoe(DayRange range, QoeGrouping by, String titleId);

  /** The {@code limit} titles with the most minutes watched in the range. */
  EngagementAnswer engagement(DayRange range, int limit);

  DropoffAnswer dropoff(String titleId, DayRange range);

  /** No lake configured: every answer says so. */
  static LakeReports unconfigured() {
    String reason = "no lake reports: the lake is not configured (dashboard.trino.url)";
    return new LakeReports() {
      @Override
      public LakeQoeAnswer qoe(DayRange range, QoeGrouping by, String titleId) {
        return new LakeQoeAnswer(range.from().toString(), range.to().toString(), by == null ? null : by.id(), titleId, false, reason,
            List.of());
      }

      @Override
      public EngagementAnswer engagement(DayRange range, int limit) {
        return new EngagementAnswer(range.from().toString(), range.to().toString(), false, reason, List.of());
      }

      @Override
      public DropoffAnswer dropoff(String titleId, DayRange range) {
        return new DropoffAnswer(titleId, range.from().toString(), range.to().toString(), false, reason, 0, null, List.of());
      }
    };
  }
}
