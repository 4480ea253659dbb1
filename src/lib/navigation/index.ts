export * from './back-link.ts';
