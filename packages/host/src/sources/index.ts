export { BlobCache, type RefEntry } from './blob-cache.ts';
export { type ComponentSource, classifyReference } from './classify.ts';
export {
  ComponentFetcher,
  type ComponentFetcherOptions,
  type FetchedComponent,
  type FetchOptions,
  type RegistryCredential,
} from './component-fetcher.ts';
export { isSourceError, SourceError, type SourceErrorCode } from './errors.ts';
