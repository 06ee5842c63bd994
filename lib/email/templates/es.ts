import type { LanguagePack } from "./types";

const FIRMA = "Soporte del exchange\nNunca le pediremos su contraseña, sus códigos 2FA ni su frase de recuperación.";

// Spanish (usted, neutral between Spain and Latin America).
export const es: LanguagePack = {
  templates: {
    ACKNOWLEDGEMENT: {
      subject: "Hemos recibido las fotos de su documento de identidad",
      text: `{{greeting}}

Gracias por su correo. Hemos recibido las fotos de su documento de identidad y hemos abierto el caso de revisión {{caseRef}} para el inicio de sesión en su {{deviceName}}.

Un miembro de nuestro equipo de soporte las revisará, normalmente en un plazo de {{slaHours}} horas. No es necesario que las envíe de nuevo. Si nos escribe sobre este inicio de sesión, mantenga {{caseRef}} en el asunto.

${FIRMA}`,
    },
    WRONG_SENDER: {
      subject: "Escríbanos desde la dirección de correo de su cuenta",
      text: `{{greeting}}

Hemos recibido un correo con archivos adjuntos desde esta dirección, pero no es la dirección de correo vinculada a una cuenta con nosotros. Para proteger a nuestros clientes, solo aceptamos fotos de documentos de identidad enviadas desde la dirección registrada en la cuenta, y no hemos procesado sus archivos adjuntos.

Envíe de nuevo el anverso y el reverso de su documento de identidad desde esa dirección a {{supportAddress}}. Aceptamos {{acceptedFiles}}.

${FIRMA}`,
    },
    RESUBMISSION_REQUEST: {
      subject: "Envíe de nuevo las fotos de su documento de identidad",
      text: `{{greeting}}

No hemos podido terminar la revisión del caso {{caseRef}}: {{reasonText}}

Responda a este correo con fotos nítidas del anverso y el reverso de su documento de identidad: el documento completo en la imagen, con buena luz, sin reflejos y sin que sus dedos lo tapen. Aceptamos {{acceptedFiles}}.

${FIRMA}`,
    },
    ASK_FOR_JPEG: {
      subject: "Envíe las fotos de su documento de identidad como imágenes JPEG",
      text: `{{greeting}}

Gracias por su correo sobre el caso {{caseRef}}. {{#files}}No hemos podido mostrar {{files}}. {{/files}}Solo podemos revisar fotos de documentos de identidad enviadas como imágenes JPEG adjuntas al correo (no enlaces, documentos ni capturas de pantalla dentro de un PDF).

Responda a este correo con el anverso y el reverso de su documento de identidad como dos fotos JPEG.

${FIRMA}`,
    },
    UNSUPPORTED_ATTACHMENT: {
      subject: "No hemos podido abrir su archivo adjunto",
      text: `{{greeting}}

No hemos podido abrir los archivos adjuntos que nos envió{{#caseRef}} para el caso {{caseRef}}{{/caseRef}} ({{files}}), por lo que no los hemos revisado.

Responda a este correo con fotos del anverso y el reverso de su documento de identidad, tomadas con la cámara de su teléfono. Aceptamos {{acceptedFiles}}.

${FIRMA}`,
    },
    DECISION_APPROVED: {
      subject: "Su nuevo dispositivo está autorizado",
      text: `{{greeting}}

Hemos revisado las fotos de su documento de identidad (caso {{caseRef}}) y hemos autorizado su {{deviceName}}. Ya puede iniciar sesión en él.

Si no ha sido usted quien lo solicitó, contacte con nosotros de inmediato respondiendo a este correo.

${FIRMA}`,
    },
    DECISION_REJECTED: {
      subject: "No hemos podido autorizar su nuevo dispositivo",
      text: `{{greeting}}

Hemos revisado las fotos de su documento de identidad (caso {{caseRef}}) y no hemos podido autorizar su {{deviceName}}: {{reasonText}}

Puede empezar de nuevo respondiendo a este correo con nuevas fotos del anverso y el reverso del documento de identidad registrado en su cuenta. Aceptamos {{acceptedFiles}}.

${FIRMA}`,
    },
  },
  greeting: (name) => (name ? `Hola, ${name}:` : "Hola:"),
  defaultDevice: "nuevo dispositivo",
  reasons: {
    NAME_MISMATCH: "el nombre del documento no coincide con el de su cuenta",
    DOCUMENT_UNREADABLE: "no hemos podido leer el documento en las fotos",
    DOCUMENT_EXPIRED: "el documento está caducado",
    ID_BOUND_TO_OTHER_ACCOUNT: "este documento no puede usarse para verificar esta cuenta",
    NOT_ACCOUNT_HOLDER: "el documento no pertenece al titular de la cuenta",
    SUSPECTED_FRAUD: "no hemos podido verificar su identidad con las fotos que nos envió",
    OTHER: "",
    BLURRY: "las fotos están borrosas o demasiado oscuras para leerlas",
    GLARE: "hay reflejos que tapan parte del documento",
    CROPPED: "parte del documento queda fuera de la imagen",
    FRONT_MISSING: "no hemos recibido el anverso de su documento",
    BACK_MISSING: "no hemos recibido el reverso de su documento",
    NOT_AN_ID: "los archivos no son fotos de un documento de identidad",
  },
  noReason: "no hemos podido verificar su identidad con las fotos que nos envió",
  acceptedFiles: ({ maxFiles, maxFileMb }) =>
    `fotos JPEG, PNG, WebP o HEIC y escaneos en PDF (como máximo ${maxFiles} archivos de hasta ${maxFileMb} MB cada uno)`,
  joinList: (items) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} y ${items[items.length - 1]}`),
  quote: (text) => `«${text}»`,
};
