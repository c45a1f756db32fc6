/** Media types this client reads and writes. */
export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** The config blob of a Wasm OCI artifact (CNCF TAG Runtime "wasm-oci" layout). */
  wasmConfig: 'application/vnd.wasm.config.v0+json',
  /** The standard Wasm layer; what `pushComponent` writes. */
  wasm: 'application/wasm',
  wasmContentLayer: 'application/vnd.wasm.content.layer.v1+wasm',
  /** wasmCloud's (`wash push`) layer type. */
  wasmCloudModule: 'application/vnd.module.wasm.content.layer.v1+wasm',
} as const;

/** Layer media types `pullComponent` accepts as the component's bytes, in order of preference. */
export const WASM_LAYER_MEDIA_TYPES: readonly string[] = [
  MediaType.wasm,
  MediaType.wasmContentLayer,
  MediaType.wasmCloudModule,
];

export const MANIFEST_ACCEPT = [
  MediaType.ociManifest,
  MediaType.dockerManifest,
  MediaType.ociIndex,
  MediaType.dockerManifestList,
].join(', ');
