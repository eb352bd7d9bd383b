package io.ottplatform.local.cli;

import io.ottplatform.local.PlatformException;
import io.ottplatform.local.cli.OttCli.OttCommand;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "The whole platform on built-in sample data.")
final class DemoCommand extends OttCommand {
  @Override
  public Integer call() {
    throw new PlatformException("the demo moves to Java in the next commit");
  }
}
