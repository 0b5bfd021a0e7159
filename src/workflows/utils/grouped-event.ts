import { Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService } from "@medusajs/framework/types"

type StepEventContext = { container: { resolve: (key: string) => unknown }; eventGroupId?: string }

/**
 * What `emitEventStep` does, from inside a step: the events join the
 * workflow's event group, so they go out only once the workflow succeeded,
 * and `clearGroupedEvent` drops them when the step is compensated. Used on
 * the allocation path, where one more workflow step per order costs more than
 * the publish itself.
 */
export async function emitGroupedEvent<T>(context: StepEventContext, eventName: string, data: T[]): Promise<string | null> {
  if (!data.length) {
    return null
  }
  const eventBus = context.container.resolve(Modules.EVENT_BUS) as IEventBusModuleService
  const metadata = context.eventGroupId ? { eventGroupId: context.eventGroupId } : {}
  await eventBus.emit(data.map((d) => ({ name: eventName, data: d, metadata })))
  return context.eventGroupId ?? null
}

/** Compensation of `emitGroupedEvent`: the group's events of that name are not sent. */
export async function clearGroupedEvent(container: StepEventContext["container"], eventGroupId: string | null | undefined, eventName: string) {
  if (!eventGroupId) {
    return
  }
  const eventBus = container.resolve(Modules.EVENT_BUS) as IEventBusModuleService
  await eventBus.clearGroupedEvents(eventGroupId, { eventNames: [eventName] })
}
