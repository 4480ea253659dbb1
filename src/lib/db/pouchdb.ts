// PouchDB as the app uses it: the device's databases, the server's, replication between them.
// Not pouchdb-browser, which also carries the `idb` adapter and map/reduce views: 48 KB more to
// compile at every start for what only a device from before the adapter move needs
// (local-databases.ts loads that adapter where such a database exists). A module of its own so
// that the start can evaluate the library in a task before the app's database code.
import PouchDBCore from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import indexeddbAdapter from 'pouchdb-adapter-indexeddb';
import replication from 'pouchdb-replication';

/** The composed constructor (an exported value, not a side effect: the app's modules are marked free of those). */
export const PouchDB = PouchDBCore.plugin(indexeddbAdapter).plugin(httpAdapter).plugin(replication);
