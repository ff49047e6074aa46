"""Small-file I/O on the lake through Hadoop's FileSystem API (file://, s3a://, ... alike).

Spark already configured the file systems (fs.s3a.* sparkConf), so manifests, state files
and markers go through the same client as the Parquet and Delta data.
"""


class Storage:
    def __init__(self, spark):
        self._spark = spark
        self._jvm = spark._jvm
        self._conf = spark._jsc.hadoopConfiguration()

    def _path(self, uri):
        return self._jvm.org.apache.hadoop.fs.Path(uri)

    def _fs(self, path):
        return path.getFileSystem(self._conf)

    def exists(self, uri):
        p = self._path(uri)
        return self._fs(p).exists(p)

    def list_dirs(self, uri):
        """Names of the sub-directories of uri ([] when uri does not exist)."""
        return [n for n, is_dir in self._list(uri) if is_dir]

    def list_files(self, uri):
        """(name, size) of the plain files in uri, hidden files excluded."""
        p = self._path(uri)
        fs = self._fs(p)
        if not fs.exists(p):
            return []
        out = []
        for st in fs.listStatus(p):
            name = st.getPath().getName()
            if st.isFile() and not name.startswith("."):
                out.append((name, st.getLen()))
        return sorted(out)

    def _list(self, uri):
        p = self._path(uri)
        fs = self._fs(p)
        if not fs.exists(p):
            return []
        return sorted((st.getPath().getName(), st.isDirectory()) for st in fs.listStatus(p))

    def read_text(self, uri):
        p = self._path(uri)
        stream = self._fs(p).open(p)
        try:
            return self._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8")
        finally:
            stream.close()

    def write_text(self, uri, text):
        """Write a whole file. On S3 the object appears only on close (atomic); on a local
        disk the write goes to a temporary sibling that is renamed into place."""
        p = self._path(uri)
        fs = self._fs(p)
        data = bytearray(text.encode("utf-8"))
        if fs.getScheme() in ("file", "hdfs"):
            tmp = self._path(uri + ".tmp")
            self._write(fs, tmp, data)
            if fs.exists(p):
                fs.delete(p, False)
            if not fs.rename(tmp, p):
                raise IOError(f"could not rename {tmp} to {uri}")
        else:
            self._write(fs, p, data)

    @staticmethod
    def _write(fs, p, data):
        out = fs.create(p, True)
        try:
            if data:
                out.write(data)
        finally:
            out.close()

    def delete(self, uri, recursive=True):
        p = self._path(uri)
        fs = self._fs(p)
        if fs.exists(p):
            fs.delete(p, recursive)

    def sha256(self, uri):
        """Hex SHA-256 of a file, computed on the JVM side (the bytes never cross py4j)."""
        p = self._path(uri)
        digest = self._jvm.java.security.MessageDigest.getInstance("SHA-256")
        stream = self._fs(p).open(p)
        try:
            dis = self._jvm.java.security.DigestInputStream(stream, digest)
            self._jvm.org.apache.commons.io.IOUtils.copyLarge(dis, self._jvm.java.io.OutputStream.nullOutputStream())
        finally:
            stream.close()
        return bytes(digest.digest()).hex()
