package dev.sluice.functions;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * What a function from an artifact is in a job graph: its class name, never an instance made in the
 * server. A signature stub is written as this reference; read back, the reference becomes a new
 * instance of the class the reading class loader has under that name: on the cluster the job's
 * class loader, which holds the artifact's jar and so the user's class; in the server a stub again,
 * whose constructor runs no user code.
 */
public final class ArtifactFunctionRef implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final String className;

  public ArtifactFunctionRef(String className) {
    this.className = className;
  }

  public String className() {
    return className;
  }

  @Serial
  private Object readResolve() throws ObjectStreamException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ArtifactFunctionRef.class.getClassLoader();
    }
    try {
      Class<?> type = Class.forName(className, false, loader);
      if (!UserDefinedFunction.class.isAssignableFrom(type)) {
        throw new java.io.InvalidObjectException(className + " is not a Flink function");
      }
      return type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw invalid("its artifact's jar is not on the job's class path", e);
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw invalid("it has no public constructor without arguments", e);
    } catch (InvocationTargetException e) {
      throw invalid("its constructor failed: " + e.getCause(), e.getCause());
    }
  }

  private java.io.InvalidObjectException invalid(String why, Throwable cause) {
    java.io.InvalidObjectException e =
        new java.io.InvalidObjectException("Function class " + className + ": " + why);
    e.initCause(cause);
    return e;
  }
}
