// https://redis.io/commands/?group=pubsub
import type { CommandSpec } from './define.js'

export const pubsubCommands: readonly CommandSpec[] = []
