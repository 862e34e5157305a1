export { decodeDump, type Decoded } from './decode.ts'
export { parseDump } from './parse-dump.ts'
export { threadComments, type Placement, type RawComment } from './thread.ts'
export * from './types.ts'
