package dev.sluice.bench;

import dev.sluice.engine.api.CompileRequest;
import dev.sluice.engine.api.Engine;
import dev.sluice.engine.api.EngineLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a fresh JVM: loads the engine, compiles one script once, prints "loadMs compileMs". */
public final class ColdCompile {
  private ColdCompile() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    try (Engine engine = EngineLoader.load(Path.of(args[0]))) {
      long t1 = System.nanoTime();
      engine.explain(CompileRequest.of("cold", Files.readString(Path.of(args[1]))));
      long t2 = System.nanoTime();
      System.out.println((t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000);
    }
  }
}
