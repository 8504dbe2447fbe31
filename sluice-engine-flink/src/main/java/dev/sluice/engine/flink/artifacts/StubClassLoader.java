package dev.sluice.engine.flink.artifacts;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * Defines the stubs of one or more artifact jars over the engine's class loader. Parent first: a
 * jar's copy of a class the engine has (Flink's, Sluice's, a library's) is never defined, so a jar
 * cannot replace what the engine plans with.
 */
final class StubClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final Map<String, byte[]> classFiles;
  private final Set<String> functions;

  /**
   * @param classFiles class files by internal name ({@code com/acme/Twice})
   * @param functions internal names of the classes registered as functions
   */
  StubClassLoader(ClassLoader parent, Map<String, byte[]> classFiles, Set<String> functions) {
    super("sluice-artifact-stubs", parent);
    this.classFiles = Map.copyOf(classFiles);
    this.functions = Set.copyOf(functions);
  }

  /**
   * A class file of the jar as it is: Flink's type extraction reads parameter names from it (with
   * ASM, never loading it).
   */
  @Override
  public InputStream getResourceAsStream(String name) {
    if (name.endsWith(".class")) {
      byte[] file = classFiles.get(name.substring(0, name.length() - ".class".length()));
      if (file != null) {
        return new ByteArrayInputStream(file);
      }
    }
    return super.getResourceAsStream(name);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String internal = name.replace('.', '/');
    byte[] file = classFiles.get(internal);
    if (file == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] stub = StubClasses.stub(file, functions.contains(internal));
    return defineClass(name, stub, 0, stub.length);
  }
}
