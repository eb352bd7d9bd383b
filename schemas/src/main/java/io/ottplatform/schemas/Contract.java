package io.ottplatform.schemas;

import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.schemas.avro.BillingEvent;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ConcurrencyEvent;
import io.ottplatform.schemas.avro.MediaJob;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.RecommendationImpression;
import io.ottplatform.schemas.avro.ViewSummary;
import java.util.List;
import org.apache.avro.Schema;

/** The records of the contract, in their current version. Every one of them has released versions in {@link SchemaHistory}. */
public final class Contract {

  public static final List<Schema> CURRENT_SCHEMAS =
      List.of(
          PlaybackEvent.getClassSchema(),
          ViewSummary.getClassSchema(),
          QoeAggregate.getClassSchema(),
          CatalogChange.getClassSchema(),
          BillingEvent.getClassSchema(),
          AccountPlan.getClassSchema(),
          ConcurrencyEvent.getClassSchema(),
          MediaJob.getClassSchema(),
          MediaJobProgress.getClassSchema(),
          RecommendationImpression.getClassSchema());

  private Contract() {}
}
