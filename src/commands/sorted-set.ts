// https://redis.io/commands/?group=sorted-set
import type { CommandSpec } from './define.js'

export const sortedSetCommands: readonly CommandSpec[] = []
