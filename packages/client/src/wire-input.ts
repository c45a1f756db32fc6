/** What a wire schema accepts (its zod input: defaults optional), read through the Standard Schema types. */
export type WireInput<
  S extends { readonly '~standard': { readonly types?: { readonly input: unknown } | undefined } },
> = NonNullable<S['~standard']['types']>['input'];
