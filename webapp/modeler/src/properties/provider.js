// A properties-panel provider adding the group "Yijiao" (what this engine reads from an element)
// after bpmn-js's "General" group.
import { Group } from "@bpmn-io/properties-panel";

import { yijiaoEntries } from "./entries.jsx";

export default function YijiaoPropertiesProvider(propertiesPanel, context) {
  this.context = context;
  propertiesPanel.registerProvider(400, this);
}

YijiaoPropertiesProvider.$inject = ["propertiesPanel", "config.yijiao"];

YijiaoPropertiesProvider.prototype.getGroups = function (element) {
  return (groups) => {
    const entries = yijiaoEntries(element, this.context);
    if (entries.length) {
      const general = groups.findIndex((group) => group.id === "general");
      groups.splice(general + 1, 0, { id: "yijiao", label: this.context.texts.group, entries, component: Group });
    }
    return groups;
  };
};

export const YijiaoPropertiesModule = {
  __init__: ["yijiaoPropertiesProvider"],
  yijiaoPropertiesProvider: ["type", YijiaoPropertiesProvider],
};
