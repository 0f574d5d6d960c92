// Marsad: the local file system of a local master's JVM (marsad.batch.localfs builds it; docs/batch.md).
//
// Hadoop's local file system sets the mode of every file and folder it creates. Without Hadoop's native library
// (which PySpark does not ship) it does so by running `chmod` as a process of its own: two processes per file a
// Spark job writes (the file and its task's folders), about 3 ms each, 300 per run of `marsad batch` on the ANT
// corpus. This one sets the same mode through java.nio, in the JVM. Everything else is Hadoop's.
package marsad.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

public class LocalFileSystem extends org.apache.hadoop.fs.LocalFileSystem {
  public LocalFileSystem() {
    super(new Raw());
  }

  /** Hadoop's raw local file system, but for how it sets a mode. */
  public static class Raw extends RawLocalFileSystem {
    // the mode bits of PosixFilePermission's constants, in their order (owner, group, others; read, write, execute)
    private static final PosixFilePermission[] BITS = PosixFilePermission.values();

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      short mode = permission.toShort();
      if ((mode & ~0777) != 0) {
        super.setPermission(p, permission); // a sticky bit: as Hadoop does it
        return;
      }
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      for (int i = 0; i < 9; i++) {
        if ((mode & (0400 >> i)) != 0) {
          set.add(BITS[i]);
        }
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission); // a platform without POSIX modes (Windows)
      }
    }
  }
}
