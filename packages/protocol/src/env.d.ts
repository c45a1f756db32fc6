// The Web-standard globals protocol code may use in every runtime (Node, workerd, browsers).
declare const crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  /** WebCrypto; absent outside secure contexts, and its Ed25519 is recent (keys/native-signer.ts probes it). */
  readonly subtle?: import('./keys/native-signer.ts').Ed25519Subtle;
};
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare function atob(data: string): string;
declare function btoa(data: string): string;
