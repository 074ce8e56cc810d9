/** Bytes the value codec cannot read: wrong magic or version, bad checksum, truncation. */
export class CodecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CodecError'
  }
}
