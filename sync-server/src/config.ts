// Every setting the server reads from the environment, parsed once at start.
import path from 'node:path';
import { parseIceServers, PUBLIC_OSM_SERVICES, type IceServer, type MapServices } from '../../src/lib/domain/index.ts';

export interface ServerConfig {
	host: string;
	port: number;
	/** Embedded LevelDB storage lives here (ignored for team data when couchdbUrl is set). */
	dataDir: string;
	/** Apache CouchDB 3 (or a compatible server) as storage; credentials in the URL. */
	couchdbUrl?: string;
	/** The built PWA; not served when absent. */
	staticDir?: string;
	maxBodyBytes: number;
	/** Largest single attachment, e.g. a wound photo. */
	maxAttachmentBytes: number;
	sessionTtlHours: number;
	/** Failed sign-ins per (normalised) user name, from any address, per window. */
	loginMaxFailures: number;
	/**
	 * Failed sign-ins from one address across all names, per window (and, counted apart, failed
	 * SERVER_ADMIN Basic logins): stops one machine trying a password against many names. 20 per
	 * 5 min leaves the devices of a station behind one NAT room for many typos (README).
	 */
	loginMaxFailuresPerAddress: number;
	loginWindowSeconds: number;
	/** A continuous or eventsource `_changes` feed ends after this long, however busy (clients reconnect). */
	feedMaxLifetimeMs: number;
	/** How often an open feed re-checks its session when the client asked for no (or a slower) heartbeat. */
	feedSessionCheckMs: number;
	/** Live `_changes` feeds one user may hold open at once: a dispatcher's ~20 team databases in two tabs, plus reconnects. */
	maxFeedsPerUser: number;
	/**
	 * Addresses or subnets of the reverse proxies whose X-Forwarded-For is believed (comma-separated,
	 * `loopback` for a proxy on the same machine). Behind a proxy without it, every client has the
	 * proxy's address, and the per-address login limit becomes one limit for everybody.
	 */
	trustProxy?: string;
	/** Set the cookie's Secure flag (behind HTTPS). */
	secureCookies: boolean;
	/** Load the demo organisation on start. */
	demoData: boolean;
	/** Also load a generated year of operation (demo/year.ts) on start: days of history and the seed. */
	demoYear?: { days: number; seed: number };
	logLevel: string;
	/**
	 * CouchDB-style server admin (`SERVER_ADMIN=name:password`, HTTP Basic): full access to /db,
	 * for other FieldCare gateways that use this server as their COUCHDB_URL storage.
	 */
	serverAdmin?: { name: string; password: string };
	/** Map and routing services the app uses; told to signed-in users (routes/session.ts). */
	services: MapServices;
	/** STUN/TURN servers for consult calls (`ICE_SERVERS`, JSON); empty: host candidates only. */
	iceServers: IceServer[];
}

function iceServersSetting(env: NodeJS.ProcessEnv): IceServer[] {
	const parsed = parseIceServers(env.ICE_SERVERS);
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.servers;
}


function urlSetting(env: NodeJS.ProcessEnv, name: string, template: boolean): string | undefined {
	const raw = env[name]?.trim();
	if (!raw) return undefined;
	if (!/^https?:\/\/[^\s]+$/.test(raw)) throw new Error(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
	if (template && !['{z}', '{x}', '{y}'].every((part) => raw.includes(part))) throw new Error(`${name} must contain {z}, {x} and {y}`);
	return template ? raw : raw.replace(/\/+$/, '');
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new Error(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
	}
	return value;
}

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
	if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
	throw new Error(`${name} must be 1/0, true/false, yes/no or on/off, got ${JSON.stringify(raw)}`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
	const couchdbUrl = env.COUCHDB_URL?.replace(/\/+$/, '') || undefined;
	if (couchdbUrl && !/^https?:\/\//.test(couchdbUrl)) throw new Error('COUCHDB_URL must start with http:// or https://');
	const admin = env.SERVER_ADMIN || undefined;
	if (admin && !/^[^:]+:.{16,}$/.test(admin)) throw new Error('SERVER_ADMIN must be name:password with a password of at least 16 characters');
	return {
		serverAdmin: admin ? { name: admin.slice(0, admin.indexOf(':')), password: admin.slice(admin.indexOf(':') + 1) } : undefined,
		host: env.HOST || '127.0.0.1',
		port: intSetting(env, 'PORT', 8080, 0, 65535),
		dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
		couchdbUrl,
		staticDir: path.resolve(cwd, env.STATIC_DIR || 'build'),
		maxBodyBytes: intSetting(env, 'MAX_BODY_MB', 20, 1, 1024) * 1024 * 1024,
		maxAttachmentBytes: intSetting(env, 'MAX_ATTACHMENT_MB', 5, 1, 512) * 1024 * 1024,
		sessionTtlHours: intSetting(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
		loginMaxFailures: intSetting(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
		loginMaxFailuresPerAddress: intSetting(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100_000),
		loginWindowSeconds: intSetting(env, 'LOGIN_WINDOW_SECONDS', 300, 1, 86400),
		feedMaxLifetimeMs: intSetting(env, 'FEED_MAX_LIFETIME_SECONDS', 600, 10, 86400) * 1000,
		feedSessionCheckMs: intSetting(env, 'FEED_SESSION_CHECK_SECONDS', 10, 1, 300) * 1000,
		maxFeedsPerUser: intSetting(env, 'MAX_FEEDS_PER_USER', 60, 1, 10_000),
		trustProxy: env.TRUST_PROXY?.trim() || undefined,
		secureCookies: boolSetting(env, 'SECURE_COOKIES', false),
		demoData: boolSetting(env, 'DEMO_DATA', true),
		demoYear: boolSetting(env, 'DEMO_YEAR', false)
			? { days: intSetting(env, 'DEMO_YEAR_DAYS', 365, 1, 3 * 365), seed: intSetting(env, 'DEMO_YEAR_SEED', 2026, 0, 2 ** 31 - 1) }
			: undefined,
		logLevel: env.LOG_LEVEL || 'info',
		iceServers: iceServersSetting(env),
		services: {
			tileUrl: urlSetting(env, 'TILE_URL', true) ?? PUBLIC_OSM_SERVICES.tileUrl,
			tileAttribution: env.TILE_ATTRIBUTION?.trim() || PUBLIC_OSM_SERVICES.tileAttribution,
			routingUrl: urlSetting(env, 'ROUTING_URL', false),
			geocoderUrl: urlSetting(env, 'GEOCODER_URL', false)
		}
	};
}
