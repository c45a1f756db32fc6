/**
 * Host manifests (seed 002 `apply_manifest`), YAML or JSON:
 *
 * ```yaml
 * labels: { zone: eu }
 * components:                      # `actors:` is read too
 *   - image: ./echo.wasm           # or `ref:`; `id`, `count`, `config`, `annotations` optional
 *     id: echo
 * config: { greeting: { lang: en } }
 * links:
 *   - { source_id: echo, target: kv, wit_namespace: wasi, wit_package: keyvalue, interfaces: [store] }
 * ```
 *
 * Applied in order labels, config, components, links; not idempotent (like wasmCloud's). Anything it cannot
 * apply (providers, unknown keys, bad entries) fails with `HostError('invalid_options')` naming the entry,
 * before anything is changed.
 */
import { parse as parseYaml } from 'yaml';
import { HostError, messageOf } from './errors.ts';
import type { Host, LinkInput, StartComponentOptions } from './host.ts';

export interface ManifestResult {
  labels: string[];
  config: string[];
  components: string[];
  links: number;
}

interface ComponentEntry {
  ref: string;
  options: StartComponentOptions;
}

const KNOWN = new Set(['labels', 'components', 'actors', 'links', 'config', 'providers', 'capabilities']);

export async function applyManifest(host: Host, text: string): Promise<ManifestResult> {
  let doc: unknown;
  try {
    doc = parseYaml(text); // YAML is a superset of JSON: one parser reads both.
  } catch (cause) {
    throw new HostError('invalid_options', `manifest is neither YAML nor JSON: ${messageOf(cause)}`, {
      cause,
    });
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw invalid('the manifest must be a map');
  const m = doc as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!KNOWN.has(key)) throw invalid(`unknown key '${key}'`);
  for (const key of ['providers', 'capabilities']) {
    if (Array.isArray(m[key]) && m[key].length > 0) {
      throw invalid(`'${key}': capability providers are not supported yet by this host`);
    }
  }
  const labels = stringMap(m.labels, 'labels');
  const config = configMaps(m.config);
  const components = list(m.components ?? m.actors, 'components').map(componentEntry);
  const links = list(m.links, 'links').map(linkEntry);

  for (const [key, value] of Object.entries(labels)) host.setLabel(key, value);
  for (const [name, values] of Object.entries(config)) await host.putConfig(name, values);
  const started: string[] = [];
  for (const entry of components) started.push(await host.startComponent(entry.ref, entry.options));
  for (const link of links) await host.setLink(link);
  return {
    labels: Object.keys(labels),
    config: Object.keys(config),
    components: started,
    links: links.length,
  };
}

function invalid(message: string): HostError {
  return new HostError('invalid_options', `manifest: ${message}`);
}

function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`'${what}' must be a list`);
  return value;
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`'${what}' must be a map`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw invalid(`'${what}.${key}' must be a string`);
    }
    out[key] = String(v);
  }
  return out;
}

function configMaps(value: unknown): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid("'config' must be a map of name -> map");
  for (const [name, values] of Object.entries(value)) out[name] = stringMap(values, `config.${name}`);
  return out;
}

function componentEntry(value: unknown, index: number): ComponentEntry {
  if (typeof value === 'string') return { ref: value, options: {} };
  if (typeof value !== 'object' || value === null) throw invalid(`components[${index}] must be a map`);
  const e = value as Record<string, unknown>;
  const ref = e.image ?? e.ref ?? e.image_ref;
  if (typeof ref !== 'string' || ref === '')
    throw invalid(`components[${index}] needs 'image' (a reference)`);
  const options: StartComponentOptions = {};
  if (e.id !== undefined) options.id = String(e.id);
  const count = e.count ?? e.instances;
  if (count !== undefined) {
    if (!Number.isInteger(count) || (count as number) < 1)
      throw invalid(`components[${index}].count must be >= 1`);
    options.count = count as number;
  }
  if (e.config !== undefined) {
    if (!Array.isArray(e.config)) throw invalid(`components[${index}].config must be a list of config names`);
    options.config = e.config.map(String);
  }
  if (e.annotations !== undefined)
    options.annotations = stringMap(e.annotations, `components[${index}].annotations`);
  return { ref, options };
}

function linkEntry(value: unknown, index: number): LinkInput {
  if (typeof value !== 'object' || value === null) throw invalid(`links[${index}] must be a map`);
  const e = value as Record<string, unknown>;
  const str = (key: string, required = true) => {
    const v = e[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string') throw invalid(`links[${index}].${key} must be a string`);
    return v;
  };
  const names = (key: string) => {
    const v = e[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw invalid(`links[${index}].${key} must be a list`);
    return v.map(String);
  };
  const link: LinkInput = {
    source_id: str('source_id') as string,
    target: str('target') as string,
    wit_namespace: str('wit_namespace') as string,
    wit_package: str('wit_package') as string,
    interfaces: names('interfaces'),
    source_config: names('source_config'),
    target_config: names('target_config'),
  };
  const name = str('name', false);
  if (name !== undefined) link.name = name;
  return link;
}
