package io.cutover.realcluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A control-plane binary run as a child process, its output in a log file. It cannot outlive this JVM: it is
 * started under a small shell guard that holds a pipe from this JVM on its standard input and stops the binary
 * (SIGTERM) when the pipe closes — on {@link #close()}, on a normal exit, and also when this JVM is killed outright,
 * since the kernel closes the pipe then too. No shutdown hook or pid file is needed for that.
 */
final class ChildProcess implements AutoCloseable {
    private static final String GUARD = "exec 3<&0; \"$@\" </dev/null 3<&- & child=$!; "
      + "{ cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; sleep 15; kill -KILL $child 2>/dev/null; } & "
      + "exec 3<&-; wait $child; exit $?";
  // $1..: the command. Standard input is passed to the watcher explicitly (an asynchronous command of a
  // non-interactive shell reads /dev/null otherwise); a binary that ignores SIGTERM is killed 15 s later. The guard
  // exits with the binary's status when it exits itself.
  private final String name;
  private final Process process;
  private final OutputStream lifeline;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.log = log;
  }

  static ChildProcess start(String name, Path log, List<String> command) {
    List<String> guarded = new ArrayList<>(List.of("bash", "-c", GUARD, name));
    guarded.addAll(command);
    try {
      Process process = new ProcessBuilder(guarded).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new ChildProcess(name, process, log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Why the process is gone, for an error message: its exit status and where its log is. */
  String exitDescription() {
    return name + " exited with status " + process.exitValue() + "; its log: " + log;
  }

  @Override
  public void close() {
    try {
      lifeline.close();
    } catch (IOException e) {
      // the guard is gone already
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
