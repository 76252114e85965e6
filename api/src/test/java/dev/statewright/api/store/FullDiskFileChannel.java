package dev.statewright.api.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel on a disk with little room, as a full disk behaves: writing over bytes the file
 * already has always works, while a write that makes the file longer takes room from {@link Space}
 * and, when there is not enough, writes what fits and fails with ENOSPC's message. Truncating
 * gives room back. (Room is counted in bytes; a real disk counts blocks.)
 */
final class FullDiskFileChannel extends FileChannel {
    private final FileChannel real;
    private final Space space;

    /** The room left on the simulated disk, shared by every channel on it. */
    static final class Space {
        private final AtomicLong free = new AtomicLong(Long.MAX_VALUE / 2);

        /** Fills the disk: from now on no file can grow. */
        void fill() {
            free.set(0);
        }

        /** Frees room, as deleting a large file does. */
        void free() {
            free.set(Long.MAX_VALUE / 2);
        }

        /** Takes up to {@code wanted} bytes of room; returns how many it got. */
        private long take(long wanted) {
            while (true) {
                long left = free.get();
                long granted = Math.min(left, wanted);
                if (free.compareAndSet(left, left - granted)) {
                    return granted;
                }
            }
        }

        private void giveBack(long bytes) {
            free.addAndGet(bytes);
        }
    }

    FullDiskFileChannel(FileChannel real, Space space) {
        this.real = real;
        this.space = space;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return write(source, real.position(), true);
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        return write(source, position, false);
    }

    private synchronized int write(ByteBuffer source, long position, boolean moves) throws IOException {
        long wanted = Math.max(0, position + source.remaining() - real.size()); // a write past the end grows it too
        long granted = space.take(wanted);
        if (granted == wanted) {
            return moves ? real.write(source) : real.write(source, position);
        }
        long fits = Math.max(0, Math.min(source.remaining(), real.size() + granted - position));
        ByteBuffer part = source.duplicate();
        part.limit(part.position() + (int) fits);
        int written = 0;
        if (fits > 0) {
            written = moves ? real.write(part) : real.write(part, position);
            source.position(source.position() + written);
        }
        space.giveBack(Math.max(0, granted - written)); // what the partial write did not use
        throw new IOException("No space left on device (simulated)");
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        long before = real.size();
        real.truncate(size);
        space.giveBack(Math.max(0, before - real.size()));
        return this;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        return real.read(destination);
    }

    @Override
    public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
        return real.read(destinations, offset, length);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("gathering writes are not simulated");
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public void force(boolean metaData) throws IOException {
        real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) {
        throw new UnsupportedOperationException("transfers into the file are not simulated");
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
        return real.read(destination, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("mapped writes are not simulated");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
