package dev.statewright.api.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.BooleanSupplier;

/**
 * A file channel that, when asked to, writes half of what it is given and then fails, as a full
 * disk or an I/O error leaves a write. Everything else goes to the real channel.
 */
final class FailingFileChannel extends FileChannel {
    private final FileChannel real;
    private final BooleanSupplier failNextWrite;

    FailingFileChannel(FileChannel real, BooleanSupplier failNextWrite) {
        this.real = real;
        this.failNextWrite = failNextWrite;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (failNextWrite.getAsBoolean()) {
            ByteBuffer half = source.duplicate();
            half.limit(half.position() + half.remaining() / 2);
            real.write(half);
            throw new IOException("No space left on device (simulated)");
        }
        return real.write(source);
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
        return real.write(sources, offset, length);
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
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
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
    public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
        return real.transferFrom(source, position, count);
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
        return real.read(destination, position);
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        return real.write(source, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
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
