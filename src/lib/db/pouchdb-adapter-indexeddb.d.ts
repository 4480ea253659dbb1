// The package ships no types: a PouchDB plugin that registers the adapter named 'indexeddb'.
declare module 'pouchdb-adapter-indexeddb' {
	const plugin: PouchDB.Plugin;
	export default plugin;
}
