export * from './back-link.ts';
export * from './scroll-restore.ts';
