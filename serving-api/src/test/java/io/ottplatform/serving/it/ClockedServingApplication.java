package io.ottplatform.serving.it;

import io.ottplatform.serving.ServingApplication;
import java.time.Clock;

/**
 * The real service, reading {@link #CLOCK} instead of the system clock (DropwizardAppExtension instantiates the
 * application class itself, so the clock it reads is static; one test class at a time uses it).
 */
public class ClockedServingApplication extends ServingApplication {

  static final MovableClock CLOCK = new MovableClock();

  @Override
  protected Clock clock() {
    return CLOCK;
  }
}
