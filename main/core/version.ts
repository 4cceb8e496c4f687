/** Kept in step with package.json's version; written into exports and shown by `health`. */
export const APP_VERSION = '0.1.0';
