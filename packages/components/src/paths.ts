/** Where built components are written (git-ignored). */
export const buildDir = new URL('../build/', import.meta.url);
