package io.ottplatform.ingest.sfv;

import java.util.Map;

/** What a List or Dictionary member is: an {@link Item} or an {@link InnerList}. */
public sealed interface Member permits Item, InnerList {

  /** The member's Parameters (section 3.1.2), in no particular order. */
  Map<String, Object> parameters();
}
