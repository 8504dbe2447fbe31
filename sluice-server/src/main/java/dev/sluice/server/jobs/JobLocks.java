package dev.sluice.server.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * One lock per job: deploy, stop and the reconciler never act on the same job at once (the
 * reconciler must not judge a submission that is still under way).
 */
@Component
public class JobLocks {
  private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

  public <T> T withLock(long jobId, Supplier<T> work) {
    ReentrantLock lock = lock(jobId);
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs the work only if nobody holds the job's lock now; returns whether it ran. */
  public boolean ifFree(long jobId, Runnable work) {
    ReentrantLock lock = lock(jobId);
    if (!lock.tryLock()) {
      return false;
    }
    try {
      work.run();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private ReentrantLock lock(long jobId) {
    return locks.computeIfAbsent(jobId, k -> new ReentrantLock());
  }
}
