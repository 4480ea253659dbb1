import { describe, expect, it } from 'vitest';
import { boundsAround, containsTile, isPublicOsmTileServer, retinaSuffix, tileCount, tileOf, tileRange, tilesIn, tileUrl } from './tiles.ts';

describe('tileOf', () => {
	it('matches the OSM wiki example tiles', () => {
		// Zoom 0 is one tile; the OSM wiki's Berlin example: lat 52.52, lon 13.405 at z 10 → 550/335.
		expect(tileOf({ lat: 0, lon: 0 }, 0)).toEqual({ z: 0, x: 0, y: 0 });
		expect(tileOf({ lat: 52.52, lon: 13.405 }, 10)).toEqual({ z: 10, x: 550, y: 335 });
		expect(tileOf({ lat: 50.6487, lon: 11.3668 }, 16)).toEqual({ z: 16, x: 34837, y: 22041 });
	});
	it('clamps the poles and the antimeridian into the tile grid', () => {
		expect(tileOf({ lat: 90, lon: 180 }, 3)).toEqual({ z: 3, x: 7, y: 0 });
		expect(tileOf({ lat: -90, lon: -180 }, 3)).toEqual({ z: 3, x: 0, y: 7 });
	});
});

describe('boundsAround', () => {
	it('adds the margin in kilometres on every side', () => {
		const b = boundsAround([{ lat: 50.6, lon: 11.3 }, { lat: 50.7, lon: 11.4 }], 2)!;
		expect(b.north - 50.7).toBeCloseTo(2 / 111.32, 6);
		expect(50.6 - b.south).toBeCloseTo(2 / 111.32, 6);
		// At ~50.7° a degree of longitude is ~70.5 km.
		expect((b.east - 11.4) * 111.32 * Math.cos((50.7 * Math.PI) / 180)).toBeCloseTo(2, 6);
	});
	it('is undefined without points', () => {
		expect(boundsAround([])).toBeUndefined();
	});
});

describe('tile ranges', () => {
	const saalfeld = boundsAround([{ lat: 50.55, lon: 11.25 }, { lat: 50.75, lon: 11.5 }], 2)!;
	it('counts what it iterates', () => {
		const tiles = [...tilesIn(saalfeld, 10, 14)];
		expect(tiles).toHaveLength(tileCount(saalfeld, 10, 14));
		expect(new Set(tiles.map((t) => `${t.z}/${t.x}/${t.y}`)).size).toBe(tiles.length);
		expect(tiles.every((t) => containsTile(saalfeld, 10, 14, t))).toBe(true);
		expect(tiles[0].z).toBe(10);
	});
	it('grows about fourfold per zoom level', () => {
		const at15 = tileCount(saalfeld, 15, 15);
		const at16 = tileCount(saalfeld, 16, 16);
		expect(at16 / at15).toBeGreaterThan(3.5);
		expect(at16 / at15).toBeLessThan(4.5);
	});
	it('a district with margin at zooms 10–16 is thousands of tiles, not millions', () => {
		const count = tileCount(saalfeld);
		expect(count).toBeGreaterThan(1000);
		expect(count).toBeLessThan(20_000);
	});
	it('puts north-west at the smallest indexes', () => {
		const r = tileRange(saalfeld, 12);
		expect(r.minX).toBeLessThanOrEqual(r.maxX);
		expect(r.minY).toBeLessThanOrEqual(r.maxY);
		expect(containsTile(saalfeld, 10, 16, { z: 12, x: r.maxX + 1, y: r.minY })).toBe(false);
		expect(containsTile(saalfeld, 10, 11, { z: 12, x: r.minX, y: r.minY })).toBe(false);
	});
});

describe('tile servers', () => {
	it('fills in the template', () => {
		expect(tileUrl('https://{s}.tiles.example/{z}/{x}/{y}{r}.png', { z: 3, x: 4, y: 5 })).toBe('https://a.tiles.example/3/4/5.png');
		expect(tileUrl('https://{s}.tiles.example/{z}/{x}/{y}{r}.png', { z: 3, x: 4, y: 5 }, retinaSuffix(2.625))).toBe('https://a.tiles.example/3/4/5@2x.png');
		expect([retinaSuffix(1), retinaSuffix(1.5)]).toEqual(['', '@2x']);
	});
	it('recognises the public OSM servers whose policy forbids bulk download', () => {
		expect(isPublicOsmTileServer('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(true);
		expect(isPublicOsmTileServer('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(true);
		expect(isPublicOsmTileServer('https://tiles.pflege-saalfeld.de/{z}/{x}/{y}.png')).toBe(false);
		expect(isPublicOsmTileServer('http://127.0.0.1:8081/{z}/{x}/{y}.png')).toBe(false);
		expect(isPublicOsmTileServer('https://tile.openstreetmap.org.evil.example/{z}/{x}/{y}.png')).toBe(false);
	});
});
