/** Persistence for the Node server: AOF, snapshots, SHUTDOWN. */
export { NodePersistence, type PersistenceOptions } from './host.js'
export { PersistenceLoadError } from './load.js'
