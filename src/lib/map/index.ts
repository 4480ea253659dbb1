export * from './tiles.ts';
export * from './tile-cache.ts';
export * from './navigation-links.ts';
export * from './geocoder.ts';
