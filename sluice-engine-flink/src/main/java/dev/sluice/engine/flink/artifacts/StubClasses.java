package dev.sluice.engine.flink.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import org.apache.flink.shaded.asm9.org.objectweb.asm.AnnotationVisitor;
import org.apache.flink.shaded.asm9.org.objectweb.asm.Attribute;
import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassReader;
import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassVisitor;
import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassWriter;
import org.apache.flink.shaded.asm9.org.objectweb.asm.MethodVisitor;
import org.apache.flink.shaded.asm9.org.objectweb.asm.Opcodes;
import org.apache.flink.shaded.asm9.org.objectweb.asm.Type;
import org.apache.flink.shaded.asm9.org.objectweb.asm.TypePath;

/**
 * Signature stubs of a jar's classes, made from their class files: the same names, super classes,
 * fields, methods and annotations (so Flink's type extraction reads the same signatures from them),
 * and no code of the user's. Every method body throws; a constructor only calls its super class's
 * constructor without arguments; static initializers are left out. A function class also says it is
 * not deterministic (so the planner never evaluates a call while planning) and is written to a job
 * graph as an {@link dev.sluice.functions.ArtifactFunctionRef} by name.
 *
 * <p>Reading a class file never loads it: this is how the server learns what a user's jar holds
 * without running any of it.
 */
final class StubClasses {
  static final String STUB = "dev/sluice/functions/ArtifactStub";
  private static final String REF = "dev/sluice/functions/ArtifactFunctionRef";
  private static final String THROWN = "java/lang/UnsupportedOperationException";
  private static final int STUB_VERSION = Opcodes.V17;

  /** What the scan needs to know of one class, read from its class file. */
  record ClassInfo(
      String name,
      String superName,
      List<String> interfaces,
      int access,
      List<MethodInfo> methods,
      boolean innerNonStatic) {
    boolean isPublic() {
      return (access & Opcodes.ACC_PUBLIC) != 0;
    }

    boolean isAbstract() {
      return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) != 0;
    }

    boolean declares(String method, String descriptor) {
      return methods.stream()
          .anyMatch(m -> m.name().equals(method) && m.descriptor().equals(descriptor));
    }

    boolean hasPublicNoArgConstructor() {
      return methods.stream()
          .anyMatch(m -> m.name().equals("<init>") && m.descriptor().equals("()V") && m.isPublic());
    }

    String className() {
      return name.replace('/', '.');
    }
  }

  record MethodInfo(String name, String descriptor, int access) {
    boolean isPublic() {
      return (access & Opcodes.ACC_PUBLIC) != 0;
    }

    boolean isStatic() {
      return (access & Opcodes.ACC_STATIC) != 0;
    }
  }

  /** A jar's classes: what each is, and its stub. */
  record Jar(Map<String, ClassInfo> classes, Map<String, byte[]> classFiles, String mainClass) {}

  private StubClasses() {}

  /** Reads every class file of the jar (not those of other Java versions or a module-info). */
  static Jar read(Path jar) {
    Map<String, ClassInfo> classes = new LinkedHashMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    String mainClass = null;
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      if (manifest != null) {
        mainClass = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      }
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory()
            || !name.endsWith(".class")
            || name.startsWith("META-INF/")
            || name.endsWith("module-info.class")
            || name.endsWith("package-info.class")) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = file.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        ClassInfo info;
        try {
          info = info(new ClassReader(bytes));
        } catch (RuntimeException e) {
          continue; // not a class file ASM can read: nothing of the jar's functions
        }
        classes.put(info.name(), info);
        files.put(info.name(), bytes);
      }
    } catch (ZipException e) {
      throw new IllegalArgumentException("The file is not a jar: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the jar " + jar.getFileName(), e);
    }
    return new Jar(classes, files, mainClass == null ? null : mainClass.trim());
  }

  private static ClassInfo info(ClassReader reader) {
    List<MethodInfo> methods = new ArrayList<>();
    boolean[] innerNonStatic = {false};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public void visitInnerClass(String name, String outer, String inner, int access) {
            if (name.equals(reader.getClassName())
                && outer != null
                && (access & Opcodes.ACC_STATIC) == 0) {
              innerNonStatic[0] = true;
            }
          }

          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            methods.add(new MethodInfo(name, descriptor, access));
            return null;
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return new ClassInfo(
        reader.getClassName(),
        reader.getSuperName(),
        List.of(reader.getInterfaces()),
        reader.getAccess(),
        List.copyOf(methods),
        innerNonStatic[0]);
  }

  /**
   * The stub of one class.
   *
   * @param function whether the class is a function to register (it then gets {@code
   *     isDeterministic() = false} and is written to job graphs by name)
   */
  static byte[] stub(byte[] classFile, boolean function) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    String className = reader.getClassName();
    String superName = reader.getSuperName();
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          private boolean noArgConstructor;

          @Override
          public void visit(
              int version,
              int access,
              String name,
              String signature,
              String superName,
              String[] interfaces) {
            List<String> all =
                new ArrayList<>(List.of(interfaces == null ? new String[0] : interfaces));
            if ((access & Opcodes.ACC_INTERFACE) == 0) {
              all.add(STUB);
            }
            super.visit(
                Math.min(version & 0xFFFF, STUB_VERSION),
                access,
                name,
                signature,
                superName,
                all.toArray(String[]::new));
          }

          @Override
          public void visitSource(String source, String debug) {}

          @Override
          public void visitNestHost(String nestHost) {}

          @Override
          public void visitNestMember(String nestMember) {}

          @Override
          public void visitPermittedSubclass(String permittedSubclass) {}

          @Override
          public void visitAttribute(Attribute attribute) {}

          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            if (name.equals("<clinit>")) {
              return null;
            }
            if (function && isReplaced(name, descriptor)) {
              return null;
            }
            if (name.equals("<init>") && descriptor.equals("()V")) {
              noArgConstructor = true;
            }
            int kept = access & ~(Opcodes.ACC_NATIVE | Opcodes.ACC_SYNCHRONIZED);
            MethodVisitor target = super.visitMethod(kept, name, descriptor, signature, exceptions);
            boolean hasCode = (access & Opcodes.ACC_ABSTRACT) == 0;
            return new Body(target, className, superName, name, hasCode);
          }

          @Override
          public void visitEnd() {
            if (!noArgConstructor && (reader.getAccess() & Opcodes.ACC_INTERFACE) == 0) {
              MethodVisitor mv = super.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
              superConstructor(mv, superName);
            }
            if (function) {
              MethodVisitor deterministic =
                  super.visitMethod(Opcodes.ACC_PUBLIC, "isDeterministic", "()Z", null, null);
              deterministic.visitCode();
              deterministic.visitInsn(Opcodes.ICONST_0);
              deterministic.visitInsn(Opcodes.IRETURN);
              deterministic.visitMaxs(0, 0);
              deterministic.visitEnd();
              MethodVisitor replace =
                  super.visitMethod(
                      Opcodes.ACC_PROTECTED, "writeReplace", "()Ljava/lang/Object;", null, null);
              replace.visitCode();
              replace.visitTypeInsn(Opcodes.NEW, REF);
              replace.visitInsn(Opcodes.DUP);
              replace.visitLdcInsn(Type.getObjectType(className).getClassName());
              replace.visitMethodInsn(
                  Opcodes.INVOKESPECIAL, REF, "<init>", "(Ljava/lang/String;)V", false);
              replace.visitInsn(Opcodes.ARETURN);
              replace.visitMaxs(0, 0);
              replace.visitEnd();
            }
            super.visitEnd();
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  /** Methods a function's stub defines itself, or leaves to Flink's base class. */
  private static boolean isReplaced(String name, String descriptor) {
    return (name.equals("isDeterministic") && descriptor.equals("()Z"))
        || (name.equals("writeReplace") && descriptor.equals("()Ljava/lang/Object;"))
        || (name.equals("getRequirements") && descriptor.equals("()Ljava/util/Set;"))
        || (name.equals("toString") && descriptor.equals("()Ljava/lang/String;"))
        || (name.equals("hashCode") && descriptor.equals("()I"))
        || (name.equals("equals") && descriptor.equals("(Ljava/lang/Object;)Z"));
  }

  private static void superConstructor(MethodVisitor mv, String superName) {
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** Keeps a method's annotations and parameters; replaces its code. */
  private static final class Body extends MethodVisitor {
    private final String className;
    private final String superName;
    private final String method;
    private final boolean hasCode;

    Body(MethodVisitor target, String className, String superName, String method, boolean hasCode) {
      super(Opcodes.ASM9, target);
      this.className = className;
      this.superName = superName;
      this.method = method;
      this.hasCode = hasCode;
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(
        int typeRef, TypePath typePath, String descriptor, boolean visible) {
      return super.visitTypeAnnotation(typeRef, typePath, descriptor, visible);
    }

    @Override
    public void visitAttribute(Attribute attribute) {}

    @Override
    public void visitEnd() {
      if (hasCode) {
        if (method.equals("<init>")) {
          superConstructor(mv, superName);
          return;
        }
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, THROWN);
        mv.visitInsn(Opcodes.DUP);
        mv.visitLdcInsn(
            Type.getObjectType(className).getClassName()
                + "."
                + method
                + " runs only on the cluster: the server plans with a signature stub");
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, THROWN, "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitMaxs(0, 0);
      }
      super.visitEnd();
    }
  }
}
