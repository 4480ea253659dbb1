// How the built app is cut into scripts. Rolldown's default gives every set of pages that shares a
// module its own chunk: /heute loaded 57 scripts of a few kilobytes each, every one a request (a
// round trip on a slow first visit, a fetch through the service worker on every start after).
// Fewer, larger chunks (26 for /heute), cut along what loads together:
//  - the sign-in form and the root layout keep exactly the code they import (they load first);
//  - the Svelte runtime in one chunk, the database libraries in one (loaded after the form), Leaflet
//    and the other heavy modules in theirs, loaded on demand as before;
//  - the rest of the app code split by the pages that load it, with small splits merged into their
//    nearest neighbour: a few kilobytes loaded in vain cost less than a request.
import type { ChunkingContext, CodeSplittingGroup } from 'rolldown';

const SVELTE_RUNTIME = /[\\/]node_modules[\\/](svelte|@sveltejs[\\/]kit|devalue|esm-env|clsx)[\\/]/;
const DATABASE_LIBRARIES = /[\\/]node_modules[\\/](pouchdb-[a-z-]+|spark-md5|uuid|vuvuzela|dexie|events)[\\/]/;
const APP_CODE = /[\\/]src[\\/]lib[\\/]/;
/** Leaflet's script, not its stylesheet: the map components import that, and it must not bring the script. */
const LEAFLET = /[\\/]node_modules[\\/]leaflet[\\/].*\.js$/;
/**
 * App modules that pages load with import() because they are heavy (Leaflet and its users, the
 * route optimiser): merged into a chunk that a page imports statically, they would load with it.
 */
const LOADED_ON_DEMAND = /[\\/]src[\\/]lib[\\/](map[\\/](tour-map|point-picker|dispatch-map|cached-tile-layer)|routing[\\/]vrptw)\.ts$/;
/** The pages that load first, before anybody signs in. */
const FIRST_LOAD_ROOTS = [/[\\/]src[\\/]routes[\\/]\+layout\.(svelte|ts)$/, /[\\/]src[\\/]routes[\\/]login[\\/]\+page\.svelte$/];
const MERGE_BELOW_BYTES = 16_000;

/** The modules the first-load pages import statically, found once per build in the module graph. */
class FirstLoadModules {
	#modules: Set<string> | undefined;

	has(id: string, context: ChunkingContext): boolean {
		this.#modules ??= this.#find(id, context);
		return this.#modules.has(id);
	}

	#find(anyId: string, context: ChunkingContext): Set<string> {
		// Find the roots by walking the whole graph from any module, then take their static imports.
		const seen = new Set<string>();
		const search = [anyId];
		const modules = new Set<string>();
		while (search.length > 0) {
			const id = search.pop() as string;
			if (seen.has(id)) continue;
			seen.add(id);
			if (FIRST_LOAD_ROOTS.some((root) => root.test(id))) modules.add(id);
			const info = context.getModuleInfo(id);
			if (info) search.push(...info.importers, ...info.dynamicImporters, ...info.importedIds, ...info.dynamicallyImportedIds);
		}
		const pending = [...modules];
		while (pending.length > 0) {
			for (const imported of context.getModuleInfo(pending.pop() as string)?.importedIds ?? []) {
				if (!modules.has(imported)) {
					modules.add(imported);
					pending.push(imported);
				}
			}
		}
		return modules;
	}
}

export function chunkGroups(): CodeSplittingGroup[] {
	const firstLoad = new FirstLoadModules();
	return [
		{ name: 'svelte', test: SVELTE_RUNTIME, priority: 3 },
		// Taken first, so that no other group pulls them in as a dependency.
		{ name: (id, context) => (firstLoad.has(id, context) ? 'first-load' : null), test: APP_CODE, priority: 2 },
		{ name: 'database', test: DATABASE_LIBRARIES, priority: 1 },
		{ name: 'leaflet', test: LEAFLET, priority: 1 },
		{
			name: 'app',
			test: (id) => APP_CODE.test(id) && !LOADED_ON_DEMAND.test(id),
			entriesAware: true,
			entriesAwareMergeThreshold: MERGE_BELOW_BYTES
		}
	];
}
