export { buildHandlerComponent } from './handler-component.ts';
export { buildJsComponent, jsComponentHash } from './js-component.ts';
export { buildDir } from './paths.ts';
export { type SignedVariants, type SignedVariantsOptions, signedVariants } from './signed.ts';
export { witDir, witSource } from './wit-source.ts';
