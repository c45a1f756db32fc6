/**
 * 0.x link definitions (actor, provider, contract, link name, values) over the 1.x link store: the contract
 * `ns:pkg` becomes wit namespace and package, and the values live in a config named `LINKDEF_{id}` listed as the
 * link's target config, so `get.links` gives them back.
 */
import { type LegacyLinkDefinition, type Link, linkdefHash } from '@trellis/protocol';

export function contractParts(contractId: string): { wit_namespace: string; wit_package: string } {
  const at = contractId.indexOf(':');
  return at < 0
    ? { wit_namespace: contractId, wit_package: '' }
    : { wit_namespace: contractId.slice(0, at), wit_package: contractId.slice(at + 1) };
}

export function valuesConfigName(def: { actor_id: string; contract_id: string; link_name: string }): string {
  return `LINKDEF_${linkdefHash(def.actor_id, def.contract_id, def.link_name)}`;
}

export function toLink(def: LegacyLinkDefinition, withValues: boolean): Link {
  return {
    source_id: def.actor_id,
    target: def.provider_id,
    name: def.link_name,
    ...contractParts(def.contract_id),
    interfaces: [],
    source_config: [],
    target_config: withValues ? [valuesConfigName(def)] : [],
  };
}

export function toLegacy(link: Link, values: Record<string, string>): LegacyLinkDefinition {
  const contract_id =
    link.wit_package === '' ? link.wit_namespace : `${link.wit_namespace}:${link.wit_package}`;
  return {
    actor_id: link.source_id,
    provider_id: link.target,
    link_name: link.name,
    contract_id,
    values,
    id: linkdefHash(link.source_id, contract_id, link.name),
  };
}
