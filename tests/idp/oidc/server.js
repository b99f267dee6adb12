// An OpenID provider built on the oidc-provider package, for the single sign-on
// tests only. It is configured by one JSON argument:
//   node server.js '{"port": 5123, "clients": [...], "users": {"login": {...}}}'
// and signs people in through the package's own development sign-in and consent
// screens (any password; the login name must be one of "users"). The signing keys
// are generated at start and thrown away when it stops.
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${config.port}`;
const users = config.users;

const provider = new Provider(issuer, {
  clients: config.clients,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'employee_id'],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: user.email,
          email_verified: true,
          given_name: user.given_name,
          family_name: user.family_name,
          employee_id: user.employee_id,
        };
      },
    };
  },
});
provider.proxy = false;

const server = provider.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
