package io.ottplatform.ingest.sfv;

import java.util.List;
import java.util.Map;

/** An RFC 8941 Inner List (section 3.1.1): Items in parentheses, with Parameters of its own. */
public record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {

  public InnerList {
    items = List.copyOf(items);
    parameters = Map.copyOf(parameters);
  }
}
