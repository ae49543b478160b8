<#import "template.ftl" as layout>
<#-- Email page of the email-code authenticator; texts: messages/messages_en.properties (emailCode*). -->
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    <span id="kc-client-request" class="mcp-demo-request">${msg("emailCodeClientRequest", clientName)}</span>
  <#elseif section = "form">
    <p id="kc-email-code-intro">${msg("emailCodeIntro")}</p>
    <#if emailCodeError??>
      <div id="kc-email-code-error" class="mcp-demo-error" data-error="${emailCodeError}" role="alert">${msg("emailCodeError." + emailCodeError, emailCodeErrorArgument)}</div>
    </#if>
    <form id="kc-email-form" action="${url.loginAction}" method="post">
      <label for="email">${msg("emailCodeEmailLabel")}</label>
      <input id="email" name="email" type="email" class="mcp-demo-field" autocomplete="email" autofocus required
             value="${emailCodeEmail!''}"/>
      <div class="mcp-demo-actions">
        <button id="kc-email-submit" name="submitEmail" type="submit" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("emailCodeSendButton")}</button>
      </div>
    </form>
  </#if>
</@layout.registrationLayout>
