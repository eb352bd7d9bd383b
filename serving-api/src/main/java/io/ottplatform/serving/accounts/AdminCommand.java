package io.ottplatform.serving.accounts;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.ottplatform.serving.accounts.auth.Role;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.accounts.db.AccountPlanOutboxDao;
import io.ottplatform.serving.accounts.db.TokenDao;
import io.ottplatform.serving.config.AuthConfig;
import io.ottplatform.serving.config.ServingConfiguration;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code serving-api admin create --email E [--role admin] [--password-file F] [--if-exists fail|keep|update]
 * config.yml}: creates an account with a role in the service's database (the bootstrap of the first
 * admin; {@code ./ott admin create} runs it). The password comes from {@code --password-file} (its first
 * line) or is read twice from the terminal without echo; it is never an argument, which every user of
 * the machine could read in the process list.
 */
public final class AdminCommand extends ConfiguredCommand<ServingConfiguration> {

  public AdminCommand() {
    super("admin", "Creates an account with a role (the first admin): admin create --email E --role admin");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("create").help("create: an account with --role");
    subparser.addArgument("--email").required(true).help("the account's e-mail address");
    subparser.addArgument("--role").choices(Arrays.stream(Role.values()).map(Role::id).toList())
        .setDefault("admin").help("viewer, editor, analyst or admin (default admin)");
    subparser.addArgument("--password-file").help("read the password from this file's first line");
    subparser.addArgument("--if-exists").choices("fail", "keep", "update").setDefault("fail")
        .help("an account with this e-mail exists: fail (default), keep it, or update its role and password "
            + "(and sign it out everywhere)");
    subparser.addArgument("--quiet").action(Arguments.storeTrue()).help("print nothing but errors");
    super.configure(subparser);
  }

  @Override
  protected void run(Bootstrap<ServingConfiguration> bootstrap, Namespace ns, ServingConfiguration config)
      throws Exception {
    String password = password(ns.getString("password_file"));
    AuthConfig auth = config.getAuth();
    ManagedDataSource dataSource = config.getDatabase().build(bootstrap.getMetricRegistry(), "admin-command");
    try {
      org.jdbi.v3.core.Jdbi jdbi = org.jdbi.v3.core.Jdbi.create(dataSource);
      AccountDao accounts = new AccountDao(jdbi);
      AccountBootstrap accountBootstrap = new AccountBootstrap(
          new NewAccounts(accounts, new AccountPlanOutboxDao(jdbi), config.getPlans(), Clock.systemUTC()), accounts,
          new TokenDao(jdbi),
          new PasswordHasher(auth.getArgon2MemoryKib(), auth.getArgon2Iterations(), auth.getArgon2Parallelism()));
      Role role = Role.of(ns.getString("role"));
      AccountBootstrap.Outcome outcome = accountBootstrap.create(ns.getString("email"), password, role,
          AccountBootstrap.IfExists.valueOf(ns.getString("if_exists").toUpperCase(java.util.Locale.ROOT)));
      if (!ns.getBoolean("quiet")) {
        System.out.println("serving-api: account " + ns.getString("email") + " " + switch (outcome) {
          case CREATED -> "created with role " + role.id();
          case KEPT -> "exists; kept as it is";
          case UPDATED -> "exists; role set to " + role.id() + ", password replaced, every session revoked";
        });
      }
    } finally {
      dataSource.stop();
    }
  }

  /** A bad argument is one line naming it, not a stack trace. */
  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    cli.getStdErr().println("serving-api admin: " + e.getMessage());
  }

  static String password(String file) throws IOException {
    if (file != null) {
      Path path = Path.of(file);
      if (!Files.isReadable(path)) {
        throw new IllegalArgumentException("--password-file '" + file + "' is not a readable file");
      }
      List<String> lines = Files.readAllLines(path);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new IllegalArgumentException("--password-file '" + file + "' is empty");
      }
      return lines.get(0);
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException("no terminal to read the password from: give --password-file FILE");
    }
    char[] first = console.readPassword("password for the new account: ");
    char[] again = console.readPassword("the same password again: ");
    if (first == null || !Arrays.equals(first, again)) {
      throw new IllegalArgumentException("the two passwords differ");
    }
    return new String(first);
  }
}
