/** The RESP codec: a streaming command decoder and a RESP2/RESP3 reply encoder. */
export { CommandDecoder, ProtocolError, splitArgs, latin1SliceLoop, parseLongLongBytes, INLINE_MAX } from './decoder.js'
export type { DecoderOptions, Latin1Slicer, ProtocolErrorKind } from './decoder.js'
export { ReplyWriter, encodeCommand, encodeReply } from './encoder.js'
export type { Latin1Writer, ReplyWriterOptions } from './encoder.js'
export { formatDouble } from './format.js'
export * from './types.js'
