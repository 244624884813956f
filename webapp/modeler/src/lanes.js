// Which role each lane stands for. A lane named by a role code stands for that role; the designer
// may map any lane to a role (a file drawn elsewhere names its lanes "Approver", "Lane 1", …).
// The choices go with validate and deploy as lane_roles: {process id: {lane name: role}}.
import { is } from "bpmn-js/lib/util/ModelUtil";

export class LaneRoles {
  constructor(roles) {
    this.codes = new Set(roles.map((role) => role.value));
    this.chosen = new Map(); // lane business object → role
  }

  roleOf(element) {
    const lane = element.businessObject;
    if (this.chosen.has(lane)) return this.chosen.get(lane);
    return this.codes.has(lane.name) ? lane.name : "";
  }

  set(element, role) {
    this.chosen.set(element.businessObject, role);
  }

  /** {process id: {lane name: role}} for the lanes whose role is not their name. */
  mapping() {
    const mapping = {};
    for (const [lane, role] of this.chosen) {
      const process = processOf(lane);
      if (!role || !process || !lane.name || lane.name === role) continue;
      (mapping[process.id] ||= {})[lane.name] = role;
    }
    return mapping;
  }
}

function processOf(lane) {
  let parent = lane.$parent;
  while (parent && !is(parent, "bpmn:Process")) parent = parent.$parent;
  return parent;
}
