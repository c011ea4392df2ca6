/**
 * The few `Reflect` metadata functions that `@peculiar/x509` needs.
 *
 * `@peculiar/x509` depends on `tsyringe`, which refuses to load unless a Reflect metadata
 * polyfill (`reflect-metadata`, `core-js/full/reflect`, …) is installed. None is in the
 * project's dev dependencies, and package.json is not ours to change, so this module
 * provides the subset tsyringe calls (`getMetadata`, `getOwnMetadata`, `defineMetadata`,
 * plus `hasMetadata`/`hasOwnMetadata`/`metadata` for completeness).
 *
 * Import it for its side effect *before* `@peculiar/x509`: ES modules evaluate sibling
 * imports in source order, so `import './reflect-metadata-shim.js'` placed first runs first.
 * It never replaces a real polyfill that is already installed.
 */

type Key = unknown
type Target = object
type Store = Map<string | symbol | undefined, Map<Key, unknown>>

const stores = new WeakMap<Target, Store>()

function ownMap(
  target: Target,
  property: string | symbol | undefined,
  create: boolean,
): Map<Key, unknown> | undefined {
  let byProperty = stores.get(target)
  if (!byProperty) {
    if (!create) return undefined
    byProperty = new Map()
    stores.set(target, byProperty)
  }
  let map = byProperty.get(property)
  if (!map && create) {
    map = new Map()
    byProperty.set(property, map)
  }
  return map
}

function getOwnMetadata(key: Key, target: Target, property?: string | symbol): unknown {
  return ownMap(target, property, false)?.get(key)
}

function hasOwnMetadata(key: Key, target: Target, property?: string | symbol): boolean {
  return ownMap(target, property, false)?.has(key) ?? false
}

function getMetadata(key: Key, target: Target, property?: string | symbol): unknown {
  // Like reflect-metadata: walk the prototype chain.
  for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
    const map = ownMap(t, property, false)
    if (map?.has(key)) return map.get(key)
  }
  return undefined
}

function hasMetadata(key: Key, target: Target, property?: string | symbol): boolean {
  for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
    if (hasOwnMetadata(key, t, property)) return true
  }
  return false
}

function defineMetadata(key: Key, value: unknown, target: Target, property?: string | symbol): void {
  ownMap(target, property, true)?.set(key, value)
}

function metadata(key: Key, value: unknown) {
  return (target: Target, property?: string | symbol): void => defineMetadata(key, value, target, property)
}

const reflect = Reflect as unknown as Record<string, unknown>
if (typeof reflect['getMetadata'] !== 'function') {
  Object.assign(reflect, {
    getMetadata,
    getOwnMetadata,
    hasMetadata,
    hasOwnMetadata,
    defineMetadata,
    metadata,
  })
}

export {}
