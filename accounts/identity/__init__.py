"""Identity verification (the Silver badge): a person proves who they are with an ID document at a
provider (Stripe Identity, or the local sandbox without Stripe keys). The result is read back when
they return (`refresh`); no webhook is involved."""
