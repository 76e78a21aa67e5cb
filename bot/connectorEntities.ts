// botframework-connector's own model mappers; the package has no "exports" map, so this deep
// path is the module its ConnectorClient serializes with (one copy in node_modules).
import { Entity as entityMapper } from 'botframework-connector/lib/connectorApi/models/mappers.js';

/**
 * Makes the Bot Connector client send every property of an activity's entities.
 *
 * botframework-connector 4.23 declares `Activity.entities` as a sequence of `Entity` with
 * `additionalProperties` on the element — but @azure/core-client's serializer replaces the
 * element mapper by the registered model mapper of the same class name ("Entity"), which lists
 * only `type`, `text` and `mentioned` and has no `additionalProperties`. Every outgoing reply and
 * proactive message (normal delivery, which Teams uses) therefore lost the schema.org citation
 * entity's `@type`, `citation`, `additionalType`…, and Teams showed bare `[1]` markers.
 *
 * Declaring `additionalProperties` on the registered Entity model restores what the Activity
 * mapper meant: unknown entity fields pass through as plain JSON values. Idempotent; applied
 * when the adapter is created. (The website's in-process connector hands activities over
 * without serializing, so it never had the problem.)
 */
export function keepEntityPropertiesInConnectorRequests(): void {
  entityMapper.type.additionalProperties ??= { type: { name: 'Object' } };
}
