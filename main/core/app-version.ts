import packageJson from '../../package.json';

/** The version in package.json, bundled at build time (no file read at start-up). */
export const APP_VERSION: string = packageJson.version;
