import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import seedDemoData from "../../src/scripts/seed"

/**
 * `medusa exec ./integration-tests/browser/seed.ts <email> <password>`: the
 * admin user (as `medusa user -e -p` makes it) and the demo data, in one
 * boot of the app instead of two (the browser test's setup time).
 */
export default async function browserTestSeed({ container, args }: ExecArgs) {
  const [email, password] = args
  if (!email || !password) {
    throw new Error("usage: medusa exec ./integration-tests/browser/seed.ts <email> <password>")
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const auth = container.resolve(Modules.AUTH)
  const [existing] = await container.resolve(Modules.USER).listUsers({ email })
  if (!existing) {
    const { result: users } = await createUsersWorkflow(container).run({ input: { users: [{ email }] } })
    const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } } as any)
    if (error || !authIdentity) {
      throw new Error(`cannot register ${email}: ${error}`)
    }
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: users[0].id } })
    logger.info(`Admin user ${email} created.`)
  }
  await seedDemoData({ container, args } as ExecArgs)
}
