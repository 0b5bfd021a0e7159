import { Alert, Button, Drawer, FocusModal, Heading, Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"

type ShellProps = {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: ReactNode
  /** An error that belongs to no field, shown above the form. */
  general?: string | null
  generalTestId?: string
  /** While the request runs: the submit button spins. */
  saving: boolean
  onSubmit: () => void
  submitLabel?: ReactNode
  submitVariant?: "primary" | "danger"
  /** data-testid of the drawer (or modal) content; the submit button's is `submitTestId`. */
  testId: string
  submitTestId: string
  /** The fields are a <form> with this id: Enter in a field submits it. */
  formId?: string
  children: ReactNode
}

/** Save: submits the <form> when there is one, else calls onSubmit. */
const SubmitButton = ({
  saving,
  onSubmit,
  submitLabel = "Save",
  submitVariant = "primary",
  submitTestId,
  formId,
}: Omit<ShellProps, "children">) =>
  formId ? (
    <Button size="small" variant={submitVariant} type="submit" form={formId} isLoading={saving} data-testid={submitTestId}>
      {submitLabel}
    </Button>
  ) : (
    <Button size="small" variant={submitVariant} type="button" onClick={onSubmit} isLoading={saving} data-testid={submitTestId}>
      {submitLabel}
    </Button>
  )

const GeneralError = ({ general, testId }: { general?: string | null; testId?: string }) =>
  general ? (
    <Alert variant="error" dismissible={false} data-testid={testId}>
      {general}
    </Alert>
  ) : null

/** The text under a form's title: a string as the dashboard's subtle text, anything else as given. */
const Intro = ({ children }: { children?: ReactNode }) =>
  typeof children === "string" ? (
    <Text size="small" className="text-ui-fg-subtle">
      {children}
    </Text>
  ) : (
    <>{children}</>
  )

/**
 * A form in a side drawer, as the dashboard's edit drawers: title, an intro,
 * the general error, the fields, and Cancel / Save in the footer.
 */
export const FormDrawer = ({
  description,
  intro,
  bodyClassName = "gap-y-6",
  children,
  ...shell
}: ShellProps & {
  /** For screen readers (the drawer's accessible description). */
  description: string
  intro?: ReactNode
  bodyClassName?: string
}) => (
  <Drawer open={shell.open} onOpenChange={shell.onOpenChange}>
    <Drawer.Content data-testid={shell.testId}>
      <Drawer.Header>
        <Drawer.Title>{shell.title}</Drawer.Title>
        <Drawer.Description className="sr-only">{description}</Drawer.Description>
      </Drawer.Header>
      <Drawer.Body className={clx("flex flex-col overflow-y-auto", bodyClassName)}>
        <Intro>{intro}</Intro>
        <GeneralError general={shell.general} testId={shell.generalTestId} />
        {children}
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button size="small" variant="secondary" type="button">
            Cancel
          </Button>
        </Drawer.Close>
        <SubmitButton {...shell} />
      </Drawer.Footer>
    </Drawer.Content>
  </Drawer>
)

/**
 * A larger form in a focus modal, as the dashboard's create forms: the same
 * shell as FormDrawer. With `formId` the fields are a <form>, so Enter in a
 * field submits it.
 */
export const FormModal = ({ description, children, ...shell }: ShellProps & { description: ReactNode }) => {
  const content = (
    <>
      <div>
        <FocusModal.Title asChild>
          <Heading>{shell.title}</Heading>
        </FocusModal.Title>
        <FocusModal.Description asChild>
          <Text size="small" className="text-ui-fg-subtle">
            {description}
          </Text>
        </FocusModal.Description>
      </div>
      <GeneralError general={shell.general} testId={shell.generalTestId} />
      {children}
    </>
  )
  const className = "flex w-full max-w-[720px] flex-col gap-y-8 px-2 py-12"
  return (
    <FocusModal open={shell.open} onOpenChange={shell.onOpenChange}>
      <FocusModal.Content data-testid={shell.testId}>
        <FocusModal.Header />
        <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto">
          {shell.formId ? (
            <form
              id={shell.formId}
              className={className}
              onSubmit={(e) => {
                e.preventDefault()
                shell.onSubmit()
              }}
            >
              {content}
            </form>
          ) : (
            <div className={className}>{content}</div>
          )}
        </FocusModal.Body>
        <FocusModal.Footer>
          <FocusModal.Close asChild>
            <Button variant="secondary" size="small" type="button">
              Cancel
            </Button>
          </FocusModal.Close>
          <SubmitButton {...shell} />
        </FocusModal.Footer>
      </FocusModal.Content>
    </FocusModal>
  )
}
