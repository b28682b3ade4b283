package org.thainguyen.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.solr.client.api.util.SolrVersion;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a real Apache Solr 9 HTTP server (Jetty + SolrDispatchFilter, i.e. the same request
 * path as bin/solr) from Maven Central jars, so CKAN can be tested without docker or a Solr
 * tarball.
 *
 * <p>Usage: {@code java -cp 'lib/*:classes' org.thainguyen.solr.SolrLauncher SOLR_HOME [PORT]}
 * or, uncompiled, {@code java -cp 'lib/*' SolrLauncher.java SOLR_HOME [PORT]} (PORT defaults to
 * $SOLR_PORT, then 8983). scripts/solr.sh wraps this. Cores are discovered from SOLR_HOME (core.properties).
 * Serves http://127.0.0.1:PORT/solr until SIGTERM/SIGINT, then shuts Solr down cleanly.
 */
public final class SolrLauncher {

  private SolrLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SolrLauncher SOLR_HOME [PORT]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("solr.xml"))) {
      System.err.println("no solr.xml in " + home);
      System.exit(2);
    }
    String portArg = args.length > 1 ? args[1] : System.getenv().getOrDefault("SOLR_PORT", "8983");
    int port = Integer.parseInt(portArg);

    // bin/solr sets these system properties and parts of Solr read them instead of the servlet
    // attribute JettySolrRunner sets. Must happen before any Solr class logs or loads config.
    System.setProperty("solr.solr.home", home.toString());
    // No Solr install tree here: point it at home (only $install/lib, $install/modules are
    // looked up) and silence "Missing Java Option solr.log.dir" unless the caller set one.
    setDefault("solr.install.dir", home.toString());
    setDefault("solr.log.dir", home.toString());
    // We stop Solr from our own hook below, so log4j must not shut down first.
    System.setProperty("log4j2.shutdownHookEnabled", "false");

    JettyConfig config =
        JettyConfig.builder()
            .setPort(port) // JettySolrRunner always binds 127.0.0.1
            .setContext("/solr")
            .stopAtShutdown(false) // our hook calls jetty.stop(), which also closes the cores
            .waitForLoadingCoresToFinish(120_000L)
            .withPortRetryTime(0) // port taken: fail at once (default retries for 60 s)
            .build();
    JettySolrRunner jetty = new JettySolrRunner(home.toString(), config);

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("SolrLauncher: stopping Solr");
                  try {
                    jetty.stop();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                  LogManager.shutdown();
                  System.out.println("SolrLauncher: stopped");
                },
                "solr-shutdown"));

    try {
      jetty.start();
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1); // runs the hook, which stops whatever did start
    }
    System.out.printf(
        "SolrLauncher: Solr %s listening on %s (home %s)%n",
        SolrVersion.LATEST_STRING, jetty.getBaseUrl(), home);
    // Jetty's threads are non-daemon: main returns and the JVM lives until a signal.
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
